// Deliberately broken client: δᴸ with the wrong sign for every output and cost (y − a where a − y
// belongs). Oracle name: "output-delta-sign-flipped".
import { primitives, scale, serve } from "../node/nn.mjs";

const right = primitives.outputDelta;
serve({
  name: "broken: δᴸ sign flipped",
  overrides: { outputDelta: (last, Y, act, c) => scale(right(last, Y, act, c), -1) },
});
