import * as tf from '@tensorflow/tfjs';

/** A non-trainable variable of zeros shaped like `like`; the zeros tensor itself is freed. */
export function zeroVariable(like: tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zerosLike(like), false));
}
