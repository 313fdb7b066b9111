// Deliberately broken client: the hidden δ is (Wˡ⁺¹)ᵀ δˡ⁺¹ without ⊙ f′(zˡ).
// Oracle name: "hidden-delta-without-derivative".
import { matmul, serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: hidden δ without f′",
  overrides: { hiddenDelta: (Wnext, deltaNext) => matmul(transpose(Wnext), deltaNext) },
});
