/** A pristine distribution file the reconstruction starts from (see README.md in this folder). */
export interface StockFile {
  text: string;
  /** The origin file name used for its lines, e.g. `stock:nginx-common:/etc/nginx/nginx.conf`. */
  origin: string;
}
