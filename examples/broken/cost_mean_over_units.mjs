// Deliberately broken client: the cost averaged over the output units instead of the samples.
// Oracle name: "cost-mean-over-units".
import { serve } from "../node/nn.mjs";

serve({ name: "broken: cost mean over units", overrides: { costMean: (A) => 1 / A.length } });
