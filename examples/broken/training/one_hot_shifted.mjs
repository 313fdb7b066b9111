// Deliberately broken training client: label y switches on output y + 1 in the one-hot target.
// Oracle name: "one-hot-shifted".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: one-hot shifted by one",
  training: { targetUnit: (y) => (y + 1) % 10 },
});
