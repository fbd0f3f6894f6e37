/** The desktop parts of Settings (issue 15): the station window (kiosk) and About with the log folder. */
import { AboutSection } from './AboutSection';
import { StationWindowSection } from './StationWindowSection';

export function DesktopSettings() {
  return (
    <>
      <StationWindowSection />
      <AboutSection />
    </>
  );
}
