// Deliberately broken client: db summed over the units instead of the samples (numpy's axis=0 in
// column layout), one value per sample. Oracle name: "bias-wrong-axis".
import { serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: db summed over the wrong axis",
  overrides: {
    biasGradient: (
      delta,
    ) => [transpose(delta).map((s) => s.reduce((t, x) => t + x, 0) / delta[0].length)],
  },
});
