// A client whose words are hostile to a report: its error answers hold characters XML 1.0 forbids
// (U+FFFE, U+FFFF, a control character, a lone surrogate), its softmax is wrong, and it crashes on
// sigmoid. The JUnit report must stay well-formed and tell errors from failures.
import { createInterface } from "node:readline";
import process from "node:process";
import { answer } from "../../../examples/node/nn.mjs";

const out = (s) => process.stdout.write(s + "\n");
out(JSON.stringify({
  type: "hello",
  protocol: 1,
  name: "hostile \uFFFE text",
  ops: ["relu", "sigmoid", "softmax"],
  layouts: ["column", "row"],
  costs: [],
  precision: "float64",
}));
createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.op === "relu") {
    out(JSON.stringify({ id: request.id, error: "bad \uFFFE \uFFFF \u0001 \ud800 <&> ]]>" }));
  } else if (request.op === "sigmoid") {
    process.stderr.write("crash \uFFFF\n");
    process.exit(3);
  } else {
    const right = answer(request);
    const zero = right.outputs.p.map((row) => row.map(() => 0));
    out(JSON.stringify({ id: request.id, outputs: { p: zero } }));
  }
});
