/**
 * `ssgan download cifar10`: fetches cifar-10-binary.tar.gz into the data folder, which the loader
 * reads without unpacking. The checksum is the one the dataset's page publishes.
 */
import { type DownloadOptions, type RemoteFile, downloadFile } from './download-file';
import { DEFAULT_CIFAR10_DIR } from './cifar10-loader';

export const CIFAR10_REMOTE: RemoteFile = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  name: 'cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
  homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version"; the unpacked cifar-10-batches-bin/ folder works too',
};

export interface Cifar10DownloadOptions extends DownloadOptions {
  /** Default data/cifar10, where the loader looks by default. */
  readonly dataDir?: string;
}

/** Downloads (or finds, already verified) the CIFAR-10 archive; returns its path. */
export async function downloadCifar10(options: Cifar10DownloadOptions = {}): Promise<string[]> {
  const { file } = await downloadFile(CIFAR10_REMOTE, options.dataDir ?? DEFAULT_CIFAR10_DIR, options);
  return [file];
}
