package io.switchboard.router.core.strategy.cascade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.router.core.spi.ExpertClient;
import io.switchboard.router.core.spi.ExpertReply;
import io.switchboard.router.core.spi.RoutingRequest;
import io.switchboard.router.core.spi.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Confidence from a judge expert: it is shown the query and the answer and must reply with a
 * single integer 1–10 (MT-Bench's scale); confidence = (score − 1) / 9. A judge that fails,
 * times out or answers anything else escalates: the cascade then errs on the side of quality.
 */
final class JudgeConfidence implements StageCheck {

    private static final Pattern SCORE = Pattern.compile("^\\s*(?:score\\s*[:=]\\s*)?(10|[1-9])(?:\\s*/\\s*10)?\\s*\\.?\\s*$",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_CHARS = 6000;

    private final ExpertClient client;
    private final String judgeExpert;
    private final double threshold;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    JudgeConfidence(ExpertClient client, String judgeExpert, double threshold, Duration timeout) {
        this.client = client;
        this.judgeExpert = judgeExpert;
        this.threshold = threshold;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Verdict> evaluate(RoutingRequest request, ExpertReply answer, int stage) {
        ArrayNode messages = json.createArrayNode();
        messages.addObject().put("role", "system").put("content",
                "You grade answers. Reply with one integer from 1 (useless) to 10 (perfect) and nothing else.");
        messages.addObject().put("role", "user").put("content", "Question:\n" + clip(request.features().promptText())
                + "\n\nAnswer:\n" + clip(answer.text()) + "\n\nScore (1-10):");
        return client.complete(judgeExpert, messages.toString(), 4, timeout)
                .thenApply(reply -> verdict(reply.text()))
                .exceptionally(failure -> Verdict.escalate(Double.NaN, "judge-failed"));
    }

    Verdict verdict(String judgeText) {
        Matcher matcher = SCORE.matcher(judgeText == null ? "" : judgeText);
        if (!matcher.matches()) {
            return Verdict.escalate(Double.NaN, "judge-unparseable");
        }
        double confidence = (Integer.parseInt(matcher.group(1)) - 1) / 9.0;
        return confidence >= threshold ? Verdict.accept(confidence, "judge-accepted") : Verdict.escalate(confidence, "judge-low");
    }

    private static String clip(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(text.length() - MAX_CHARS);
    }
}
