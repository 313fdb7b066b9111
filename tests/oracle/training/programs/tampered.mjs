// A training client that misbehaves at step 6 as its argument says: `stall` (never answers),
// `skip` (answers with the id of the next step), `shape` (then sends back a W with a row missing),
// `exit` (dies).
import { createInterface } from "node:readline";
import process from "node:process";
import { trainingSession } from "../../../../examples/node/training.mjs";

const how = process.argv[2];
const training = trainingSession();
const send = (v) => process.stdout.write(JSON.stringify(v) + "\n");
send({
  type: "hello",
  protocol: 1,
  name: `tampered: ${how}`,
  ops: [],
  layouts: ["column"],
  costs: [],
  precision: "float64",
  training: 1,
});
let late = false;
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  const response = training.answer(request);
  if (request.op === "train_step" && request.inputs.step === 6) {
    late = true;
    if (how === "stall") return;
    if (how === "exit") process.exit(3);
    if (how === "skip") response.id = "step/7";
  }
  if (how === "shape" && late && request.op === "train_get_network") {
    response.outputs.network.layers[0].W.pop();
  }
  send(response);
});
