// A training client that does no work: it answers every step at once with a fixed loss, so that timing
// it measures the protocol's own cost per step (JSON both ways, two pipes, two line parsers).
import { createInterface } from "node:readline";
import process from "node:process";

const send = (v) => process.stdout.write(JSON.stringify(v) + "\n");
send({
  type: "hello",
  protocol: 1,
  name: "null trainer",
  ops: [],
  layouts: ["column"],
  costs: [],
  precision: "float64",
  training: 1,
});
createInterface({ input: process.stdin }).on("line", (line) => {
  const { id } = JSON.parse(line);
  send({ id, outputs: { loss: 2.3 } });
});
