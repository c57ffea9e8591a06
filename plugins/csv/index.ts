/** CSV datasets: the 'csv' loader (see docs/own-dataset.md for its options). */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { CsvLoader } from './csv-loader';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new CsvLoader());
});
