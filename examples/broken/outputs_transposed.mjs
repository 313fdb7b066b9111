// Deliberately broken client: announces the column layout only but answers in row layout (every output
// transposed), like a row-layout implementation that forgets to convert back.
// Oracle name: "outputs-transposed", reported as a detected convention.
import { serve, transposeAll } from "../node/nn.mjs";

serve({
  name: "broken: answers in row layout",
  layouts: ["column"],
  overrides: {
    outputsFor: (layout, op, outputs) =>
      layout === undefined ? outputs : op === "shapes"
        ? Object.fromEntries(
          Object.entries(outputs).map(([k, ps]) => [k, ps.map(([r, c]) => [c, r])]),
        )
        : transposeAll(outputs),
  },
});
