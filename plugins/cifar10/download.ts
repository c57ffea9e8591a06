/**
 * `ssgan download cifar10`: fetches cifar-10-binary.tar.gz into the data folder, which the loader
 * reads without unpacking. The checksum is the one the dataset's page publishes.
 */
import { type DownloadOptions, type RemoteFile, downloadFile } from '../../src/data/download-file';

export const CIFAR10_REMOTE: RemoteFile = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  name: 'cifar-10-binary.tar.gz',
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
  homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html, "CIFAR-10 binary version"; the unpacked cifar-10-batches-bin/ folder works too',
};

/** Downloads (or finds, already verified) the CIFAR-10 archive into `dataDir`; returns its path. */
export async function downloadCifar10(dataDir: string, options: DownloadOptions = {}): Promise<string[]> {
  const { file } = await downloadFile(CIFAR10_REMOTE, dataDir, options);
  return [file];
}
