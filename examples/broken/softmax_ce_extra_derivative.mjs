// Deliberately broken client: the softmax cross-entropy output δ a − y is multiplied by a(1 − a) again.
// Oracle name: "softmax-ce-extra-derivative".
import { map, mul, serve, sub } from "../node/nn.mjs";

serve({
  name: "broken: softmax-CE δ times a(1 − a)",
  overrides: { softmaxCrossEntropyDelta: (P, Y) => mul(sub(P, Y), map(P, (p) => p * (1 - p))) },
});
