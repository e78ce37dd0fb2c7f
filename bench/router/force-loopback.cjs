// Preloaded into the Portkey gateway (node --require): it calls server.listen(port) without a host, which binds
// every interface. Force loopback so the benchmark never exposes a server.
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string' && /^\d+$/.test(args[0])) {
    if (args[1] === undefined || args[1] === null || typeof args[1] === 'string') {
      args[1] = '127.0.0.1';
    } else if (typeof args[1] === 'function' || typeof args[1] === 'number') {
      args.splice(1, 0, '127.0.0.1');
    }
  } else if (args[0] && typeof args[0] === 'object' && !Array.isArray(args[0])) {
    args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
  }
  return listen.apply(this, args);
};
