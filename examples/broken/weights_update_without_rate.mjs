// Deliberately broken client: W ← W − dW while b ← b − η db: the learning rate forgotten for W.
// Oracle name: "weights-update-without-rate".
import { scale, serve, sub } from "../node/nn.mjs";

serve({
  name: "broken: W updated without η",
  overrides: { step: (P, dP) => sub(P, dP), stepBias: (b, db, lr) => sub(b, scale(db, lr)) },
});
