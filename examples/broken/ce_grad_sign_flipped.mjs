// Deliberately broken client: the softmax cross-entropy gradient is Y − P instead of P − Y.
// Oracle name: "ce-grad-sign-flipped".
import { serve, sub } from "../node/nn.mjs";

serve({
  name: "broken: CE gradient sign flipped",
  overrides: { softmaxCrossEntropyDelta: (P, Y) => sub(Y, P) },
});
