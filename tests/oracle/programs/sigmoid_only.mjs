// A from-scratch network of the classic kind: sigmoid layers only. Its hello says so, and the oracle
// sends it only the networks built from sigmoid layers.
import { serve } from "../../../examples/node/nn.mjs";

serve({
  name: "sigmoid layers only",
  activations: { hidden: ["sigmoid"], output: ["sigmoid"] },
});
