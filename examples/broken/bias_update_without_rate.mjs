// Deliberately broken client: b ← b − db, the learning rate forgotten for the biases only.
// Oracle name: "bias-update-without-rate".
import { serve, sub } from "../node/nn.mjs";

serve({ name: "broken: b updated without η", overrides: { stepBias: (b, db) => sub(b, db) } });
