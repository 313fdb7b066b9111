// Deliberately broken client: δᴸ = a − y for every output and cost (the softmax cross-entropy
// shortcut used where it does not belong). Oracle name: "output-delta-shortcut".
import { serve, sub } from "../node/nn.mjs";

serve({
  name: "broken: δᴸ = a − y everywhere",
  overrides: { outputDelta: (last, Y) => sub(last.a, Y) },
});
