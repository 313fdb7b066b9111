// Deliberately broken client: the activation where its derivative belongs, f(z) for f′(z).
// Oracle name: "function-instead-of-derivative".
import { primitives, serve } from "../node/nn.mjs";

const { sigmoid, tanh, relu } = primitives;
serve({
  name: "broken: f(z) in place of f′(z)",
  overrides: { sigmoidPrime: sigmoid, tanhPrime: tanh, reluPrime: relu },
});
