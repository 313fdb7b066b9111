// Deliberately broken client: the δ recursion takes the derivative of the next layer's activation
// (σ′ of a sigmoid output layer for a tanh hidden layer). Oracle name: "prime-of-next-layer".
import { primitives, serve } from "../node/nn.mjs";

serve({
  name: "broken: f′ of the next layer in the recursion",
  overrides: {
    hiddenDerivative: (layers, next, z, a) => {
      const act = layers[next].activation === "softmax"
        ? layers[next - 1].activation
        : layers[next].activation;
      return primitives.backpropDerivative(act, z, a);
    },
  },
});
