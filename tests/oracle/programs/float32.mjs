// A float32 implementation, roughly: it rounds every input and every output to float32 around the
// float64 computation of examples/node/nn.mjs. It announces float32, or float64 with the argument
// "claim-float64" (then the oracle's float64 tolerances must catch the rounding).
import { createInterface } from "node:readline";
import process from "node:process";
import { answer, decode, encode } from "../../../examples/node/nn.mjs";

const claim = process.argv[2] === "claim-float64" ? "float64" : "float32";
const round = (v) =>
  typeof v === "number"
    ? Math.fround(v)
    : Array.isArray(v)
    ? v.map(round)
    : v && typeof v === "object"
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "lr" ? x : round(x)]))
    : v;
const ops = [
  "sigmoid",
  "tanh",
  "relu",
  "softmax",
  "softmax_cross_entropy",
  "backward",
  "relu_prime",
];
process.stdout.write(
  JSON.stringify({
    type: "hello",
    protocol: 1,
    name: `float32 client (claims ${claim})`,
    ops,
    layouts: ["column", "row"],
    costs: ["cross_entropy", "quadratic_squared", "quadratic_half", "quadratic_mean"],
    precision: claim,
  }) + "\n",
);
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  const reply = answer({ ...request, inputs: encode(round(decode(request.inputs))) });
  if (reply.outputs) reply.outputs = encode(round(decode(reply.outputs)));
  process.stdout.write(JSON.stringify(reply) + "\n");
});
