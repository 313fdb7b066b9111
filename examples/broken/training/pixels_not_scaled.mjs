// Deliberately broken training client: the pixels are used as bytes 0–255, never divided by 255.
// Oracle name: "pixels-not-scaled".
import { serve } from "../../node/nn.mjs";

serve({ name: "broken training: pixels not scaled", training: { pixelScale: 1 } });
