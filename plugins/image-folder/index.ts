/** Image-folder datasets: the 'image-folder' loader (see docs/own-dataset.md for its options). */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { ImageFolderLoader } from './image-folder-loader';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new ImageFolderLoader());
});
