// A protocol client that misbehaves on purpose, for the oracle's robustness tests. It answers like
// examples/node/nn.mjs except as its first argument says:
//   crash-on:OP      exit with code 3 (after a line on stderr) when asked OP
//   exit-after-hello exit right after the hello
//   hang-on:OP       never answer OP (keep reading)
//   noise            write a log line on stdout before every answer
//   wrong-id         answer with another id
//   bare-nan         write NaN as a bare JSON token
//   strings          write every number as a string
//   wrong-shape      add a row to every matrix of the answer
//   gigantic-on:OP   answer OP with a line of about 4 MB
//   endless-on:OP    answer OP with a line that never ends (64 KiB every 10 ms, no newline)
//   no-hello         write nothing, keep reading
//   not-hello        write a banner instead of the hello
//   protocol-2       announce protocol 2
//   grandchild       start `sleep` in the background (same process group), then hang on every request
//   ignore-eof       keep running after stdin closes
//   stderr-chatter   write a lot to stderr, answer correctly
// A second argument, if any, is a marker that only serves to find the process with `ps`.
import { createInterface } from "node:readline";
import { spawn } from "node:child_process";
import process from "node:process";
import { answer } from "../../../examples/node/nn.mjs";

const [mode = "", arg = ""] = (process.argv[2] ?? "").split(":");
const marker = process.argv[3] ?? "";
const out = (s) => process.stdout.write(s + "\n");
const hello = {
  type: "hello",
  protocol: mode === "protocol-2" ? 2 : 1,
  name: `misbehaving client (${mode})`,
  ops: ["sigmoid", "relu", "softmax", "backward", "quadratic_cost"],
  layouts: ["column", "row"],
  costs: ["cross_entropy", "quadratic_squared", "quadratic_half", "quadratic_mean"],
  precision: "float64",
};

if (mode === "grandchild") spawn("sh", ["-c", `sleep 1000; : ${marker}`], { stdio: "ignore" });
if (mode === "not-hello") out("Loading model weights...");
else if (mode !== "no-hello") out(JSON.stringify(hello));
if (mode === "exit-after-hello") process.exit(0);
if (mode === "ignore-eof" || mode === "no-hello" || mode === "grandchild") {
  setInterval(() => {}, 1000);
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const request = JSON.parse(line);
  const op = request.op;
  if (mode === "crash-on" && op === arg) {
    process.stderr.write("Traceback: something broke in the layer code\n");
    process.exit(3);
  }
  if ((mode === "hang-on" && op === arg) || mode === "grandchild") return;
  if (mode === "stderr-chatter") process.stderr.write("x".repeat(100000) + "\n");
  const reply = answer(request);
  if (mode === "noise") out(`debug: handling ${op}`);
  if (mode === "wrong-id") reply.id = `${reply.id}-other`;
  if (mode === "endless-on" && op === arg) {
    process.stdout.write(`{"id":${JSON.stringify(reply.id)},"outputs":{"a":[[`);
    const chunk = "0.5,".repeat(16384);
    setInterval(() => process.stdout.write(chunk), 10);
    return;
  }
  if (mode === "gigantic-on" && op === arg) {
    out(JSON.stringify({ id: reply.id, outputs: { a: [new Array(1_000_000).fill(0.5)] } }));
    return;
  }
  let text = JSON.stringify(reply);
  if (mode === "bare-nan") text = text.replace(/(\d+\.\d+)/, "NaN");
  if (mode === "strings") text = text.replace(/(-?\d+\.\d+(e-?\d+)?)/g, '"$1"');
  if (mode === "wrong-shape" && reply.outputs) {
    const grow = (v) =>
      Array.isArray(v) && Array.isArray(v[0]) && typeof v[0][0] !== "object"
        ? [...v, v[0]]
        : Array.isArray(v)
        ? v.map(grow)
        : v;
    text = JSON.stringify({
      ...reply,
      outputs: Object.fromEntries(Object.entries(reply.outputs).map(([k, v]) => [k, grow(v)])),
    });
  }
  out(text);
});
