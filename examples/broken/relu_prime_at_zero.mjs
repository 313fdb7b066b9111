// Deliberately broken client: ReLU′(0) = 1 (z >= 0 instead of z > 0). Oracle name: "relu-prime-at-zero".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: ReLU′(0) = 1",
  overrides: { reluPrime: (z) => (z >= 0 ? 1 : z < 0 ? 0 : z) },
});
