// Deliberately broken client: db is the first sample's δ divided by N (one sample where the batch
// belongs, though the 1/N is there). Oracle name: "bias-one-sample-mean".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: db = δ₁/N",
  overrides: { biasGradient: (delta) => delta.map((row) => [row[0] / row.length]) },
});
