// Deliberately broken client: backpropagation evaluates the activation derivative at a instead of z,
// e.g. σ′(a) = σ(a)(1 − σ(a)). Oracle name: "prime-of-a".
import { map, primitives, serve } from "../node/nn.mjs";

const prime = {
  sigmoid: "sigmoidPrime",
  tanh: "tanhPrime",
  relu: "reluPrime",
  identity: "identityPrime",
};
serve({
  name: "broken: σ′ taken at a",
  overrides: { backpropDerivative: (act, _z, a) => map(a, primitives[prime[act]]) },
});
