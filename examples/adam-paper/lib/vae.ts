import { Linear, Module } from '@adamant/nn';
import { createRng, randn, type Rng, type Tensor } from '@adamant/tensor';

/** softplus(x) = log(1 + eˣ), written as relu(x) + log(1 + e^−|x|) so that large |x| neither overflows nor loses digits. */
export function softplus(x: Tensor): Tensor {
  return x.relu().add(x.abs().neg().exp().add(1).log());
}

/**
 * The paper's §6.4 variational auto-encoder (Kingma & Welling 2013, arXiv:1312.6114): one hidden layer of
 * `hidden` softplus units in the encoder and in the decoder, `latent` Gaussian latents, Bernoulli pixels.
 *
 * @example
 * const vae = new Vae({ seed: 1 });
 * vae.loss(x).backward(); // −ELBO per image, in nats
 */
export class Vae extends Module {
  readonly enc: Linear;
  readonly mean: Linear;
  readonly logVar: Linear;
  readonly dec: Linear;
  readonly out: Linear;
  private readonly noise: Rng;

  constructor({
    pixels = 784,
    hidden = 500,
    latent = 50,
    seed = 0,
  }: { pixels?: number; hidden?: number; latent?: number; seed?: number } = {}) {
    super();
    const rng = createRng(seed);
    this.enc = new Linear(pixels, hidden, { rng });
    this.mean = new Linear(hidden, latent, { rng });
    this.logVar = new Linear(hidden, latent, { rng });
    this.dec = new Linear(latent, hidden, { rng });
    this.out = new Linear(hidden, pixels, { rng });
    this.noise = createRng(seed + 1000); // the reparameterisation's ε, its own stream so runs repeat
  }

  /** Decoder logits for a batch of images (one sample of z per image). */
  override forward(x: Tensor): Tensor {
    return this.decode(this.encode(x).z);
  }

  encode(x: Tensor): { mu: Tensor; logVar: Tensor; z: Tensor } {
    const h = softplus(this.enc.forward(x));
    const mu = this.mean.forward(h),
      logVar = this.logVar.forward(h);
    const eps = randn(mu.shape, { rng: this.noise });
    return { mu, logVar, z: mu.add(logVar.mul(0.5).exp().mul(eps)) };
  }

  decode(z: Tensor): Tensor {
    return this.out.forward(softplus(this.dec.forward(z)));
  }

  /** −ELBO averaged over the batch: Bernoulli reconstruction cost plus KL(q(z|x) ‖ N(0, I)). */
  loss(x: Tensor): Tensor {
    const { mu, logVar, z } = this.encode(x);
    const n = x.shape[0];
    const logits = this.decode(z);
    // −log Bernoulli(x | σ(l)) = softplus(l) − x·l: the same value as bceWithLogits in about half the ops.
    const rec = softplus(logits).sum().sub(logits.mul(x).sum());
    const kl = logVar.exp().add(mu.square()).sub(logVar).sub(1).sum().mul(0.5);
    return rec.add(kl).div(n);
  }
}
