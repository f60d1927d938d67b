/** Entry point of the touchscreen bundle: defines the elements; index.html puts <pos-app> on the page. */
import './pos-app.ts';
