// Deliberately broken client: W ← W − dW and b ← b − db, the learning rate forgotten.
// Oracle name: "update-without-rate".
import { serve, sub } from "../node/nn.mjs";

serve({ name: "broken: step without η", overrides: { step: (P, dP) => sub(P, dP) } });
