// Deliberately broken training client: dW and db are never reset, so each step adds to the last.
// Oracle name: "gradients-accumulated".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: gradients accumulated without reset",
  training: { resetGradients: false },
});
