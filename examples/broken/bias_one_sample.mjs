// Deliberately broken client: db is the δ of the first sample instead of the batch mean
// (the single-sample formula db = δ applied to a batch). Oracle name: "bias-one-sample".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: db from one sample",
  overrides: { biasGradient: (delta) => delta.map((row) => [row[0]]) },
});
