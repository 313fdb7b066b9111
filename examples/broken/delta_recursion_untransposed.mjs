// Deliberately broken client: the δ recursion multiplies by Wˡ⁺¹ instead of its transpose (a shape
// error unless Wˡ⁺¹ is square). Oracle name: "delta-recursion-untransposed".
import { matmul, mul, serve } from "../node/nn.mjs";

serve({
  name: "broken: δ recursion with W, not Wᵀ",
  overrides: { hiddenDelta: (Wnext, deltaNext, fPrime) => mul(matmul(Wnext, deltaNext), fPrime) },
});
