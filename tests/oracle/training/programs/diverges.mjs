// A training client that diverges: from step 6 it takes a learning rate of 1e300, so its loss turns NaN.
import { serve } from "../../../../examples/node/nn.mjs";

serve({ name: "diverges", training: { rate: (_, r) => (r.step >= 6 ? 1e300 : r.lr) } });
