// A stand-in for an image API where latency dominates, in its own process (so its CPU and memory are not
// the harness's): answers POST /v1/images/generations in Together's shape with one pre-rendered image
// after LATENCY_MS. IMAGE=a|b picks the picture (b differs from a in a 64×64 patch); SIZE its side;
// FORMAT=png|jpeg its encoding (Together's default is JPEG).
// Prints `port N` when listening; stops when its parent closes stdin or after MAX_SECONDS.
// (`seedsnap serve` with latency injection can replace it once merged.)
import { createServer } from 'node:http';
import { testPair } from './images.mjs';

const latency = Number(process.env.LATENCY_MS ?? 200);
const size = Number(process.env.SIZE ?? 1024);
const which = process.env.IMAGE === 'b' ? 1 : 0;
const image = testPair(size)[process.env.FORMAT === 'jpeg' ? 'jpeg' : 'png'][which];
const body = JSON.stringify({
  data: [{ index: 0, b64_json: Buffer.from(image).toString('base64'), type: 'b64_json' }],
});
let requests = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/images/generations')) {
      res.writeHead(404).end();
      return;
    }
    requests++;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }, latency);
  });
});
server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
const stop = () => {
  console.error(`fake-together: ${requests} requests`);
  process.exit(0);
};
process.stdin.on('end', stop);
process.stdin.resume();
setTimeout(stop, Number(process.env.MAX_SECONDS ?? 600) * 1000).unref();
