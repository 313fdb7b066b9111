// A training client in row layout (document 000's X·W): it announces only "row", so the oracle sends and
// expects every W as n_{l−1} × n_l and every b as 1 × n_l; it trains with the Node example's loop by
// transposing the network on the way in and out.
import { createInterface } from "node:readline";
import process from "node:process";
import { trainingSession } from "../../../../examples/node/training.mjs";

const transpose = (A) => A[0].map((_, j) => A.map((r) => r[j]));
const flip = (network) => ({
  layers: network.layers.map((l) => ({ ...l, W: transpose(l.W), b: transpose(l.b) })),
});
const training = trainingSession();
const send = (v) => process.stdout.write(JSON.stringify(v) + "\n");
send({
  type: "hello",
  protocol: 1,
  name: "row layout",
  ops: [],
  layouts: ["row"],
  costs: [],
  precision: "float64",
  training: 1,
});
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.inputs.network) request.inputs.network = flip(request.inputs.network);
  const response = training.answer(request);
  if (response.outputs?.network) response.outputs.network = flip(response.outputs.network);
  send(response);
});
