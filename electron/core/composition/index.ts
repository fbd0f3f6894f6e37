export { createStationApp, DEMO_ROSTER, MAX_PICTURE_BYTES, type StationApp, type StationAppOptions } from './station-app';
export { clockFromEnv, offsetClock } from '../time/clock-env';
