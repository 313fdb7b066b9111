// Deliberately broken client: the softmax cross-entropy output δ a − y is multiplied by a(1 − a) again.
// Oracle name: "softmax-ce-extra-derivative".
import { map, mul, primitives, serve } from "../node/nn.mjs";

const delta = primitives.softmaxCrossEntropyDelta; // the right a·Σy − y, before serve replaces it
serve({
  name: "broken: softmax-CE δ times a(1 − a)",
  overrides: {
    softmaxCrossEntropyDelta: (P, Y) => mul(delta(P, Y), map(P, (p) => p * (1 - p))),
  },
});
