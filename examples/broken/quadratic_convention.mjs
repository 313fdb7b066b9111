// Deliberately broken client: announces all three quadratic conventions but always computes
// C₀ = Σ(a − y)² ("squared"), so "half" is off by 2 and "mean" by n_L. Oracle name: "quadratic-convention".
import { serve } from "../node/nn.mjs";

serve({ name: "broken: quadratic always squared", overrides: { quadraticFactor: () => 1 } });
