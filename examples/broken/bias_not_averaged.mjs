// Deliberately broken client: db = Σₖ δₖ without the 1/N that dW has. Oracle name: "bias-not-averaged".
import { rowSums, serve } from "../node/nn.mjs";

serve({ name: "broken: db not averaged", overrides: { biasGradient: (delta) => rowSums(delta) } });
