// Deliberately broken client: the 1/N of the batch mean is forgotten (costs, their gradients, dW, db
// are sums over the batch). Oracle name: "forgot-batch-mean".
import { serve } from "../node/nn.mjs";

serve({ name: "broken: forgot the batch mean", overrides: { batchMean: () => 1 } });
