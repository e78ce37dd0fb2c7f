{{/* Chart name, overridable. */}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: <release>-switchboard, or the release name if it already says switchboard. */}}
{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "switchboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object the chart creates. */}}
{{- define "switchboard.labels" -}}
helm.sh/chart: {{ include "switchboard.chart" . }}
{{ include "switchboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: switchboard
{{- end }}

{{/* Labels that select the operator pods; never change them on upgrade (Deployment selectors are immutable). */}}
{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The selector labels as key=value,key=value, for the operator's NetworkPolicy settings. */}}
{{- define "switchboard.selectorLabelsCsv" -}}
{{- $pairs := list }}
{{- range $key, $value := include "switchboard.selectorLabels" . | fromYaml }}
{{- $pairs = append $pairs (printf "%s=%s" $key $value) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "switchboard.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "switchboard.routerImage" -}}
{{- printf "%s:%s" .Values.router.image.repository (default .Chart.AppVersion .Values.router.image.tag) }}
{{- end }}

{{/* "true" when leader election is on: forced by the value, or automatically with more than one replica. */}}
{{- define "switchboard.leaderElection" -}}
{{- $mode := .Values.leaderElection.enabled }}
{{- if eq (toString $mode) "auto" }}
{{- gt (int .Values.replicas) 1 | toString }}
{{- else }}
{{- $mode | toString }}
{{- end }}
{{- end }}

{{/* Webhook objects. */}}
{{- define "switchboard.webhookServiceName" -}}
{{- printf "%s-webhook" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.webhookCertificateName" -}}
{{- printf "%s-webhook" (include "switchboard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Rules the operator needs in every namespace it watches (see docs/rbac.md for why each is there). */}}
{{- define "switchboard.operatorRules" -}}
- apiGroups: ["switchboard.io"]
  resources: ["expertpools", "routingpolicies", "budgets"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["switchboard.io"]
  resources: ["expertpools/status", "routingpolicies/status", "budgets/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["switchboard.io"]
  resources: ["expertpools/finalizers", "routingpolicies/finalizers", "budgets/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The SLO autoscaler writes replicas with a PUT of the Scale (update); it reads them from the
# Deployment informer, so no get.
- apiGroups: ["apps"]
  resources: ["deployments/scale"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["services", "configmaps"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# NetworkPolicies over expert and gateway pods; watched even with networkPolicy.enabled=false, so
# the operator can delete the ones it rendered before the flag was turned off.
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["endpoints"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch", "update"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch", "update"]
{{- end }}

{{/*
The chart-generated webhook CA and serving certificate, as JSON {ca, crt, key} (PEM). Generated once per
render and kept on .Values so that the Secret, the webhook's caBundle and the Deployment's checksum
annotation all see the same certificate, whichever template Helm renders first.
*/}}
{{- define "switchboard.generatedWebhookCertificate" -}}
{{- if not (hasKey .Values.webhook "generatedForThisRender") }}
{{- $fullname := include "switchboard.fullname" . }}
{{- $serviceName := include "switchboard.webhookServiceName" . }}
{{- $dnsNames := list (printf "%s.%s.svc" $serviceName .Release.Namespace) (printf "%s.%s.svc.cluster.local" $serviceName .Release.Namespace) }}
{{- $days := int .Values.webhook.generatedCertificate.validityDays }}
{{- $ca := genCA (printf "%s-webhook-ca" $fullname) $days }}
{{- $cert := genSignedCert (first $dnsNames) nil $dnsNames $days $ca }}
{{- $_ := set .Values.webhook "generatedForThisRender" (dict "ca" $ca.Cert "crt" $cert.Cert "key" $cert.Key) }}
{{- end }}
{{- .Values.webhook.generatedForThisRender | toJson }}
{{- end }}
