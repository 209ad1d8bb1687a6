import { CoachesSection } from './CoachesSection';
import { HeroSection } from './HeroSection';
import { HowItWorksSection } from './HowItWorksSection';
import { StatsSection } from './StatsSection';

export function LandingPage() {
  return (
    <>
      <title>HybridCoach · Coaching that remembers every session</title>
      <HeroSection />
      <StatsSection />
      <HowItWorksSection />
      <CoachesSection />
    </>
  );
}
