// The demo world's people. Emails are lower-case (the schema's CHECK requires it).

export const admin = { id: 'seed-admin', email: 'admin@hybridcoach.dev', displayName: 'Alex Admin' };

export const coaches = [
  {
    id: 'seed-coach-maya',
    email: 'maya.chen@ultra.example',
    displayName: 'Maya Chen',
    coachName: 'Coach Maya',
    coachLevel: 3,
    timezone: 'America/New_York',
    photo: '/avatars/maya.svg',
    bio: 'Breathwork and polyvagal coach for ten years. I help people notice their stress response early and come back to calm with simple daily practices.',
  },
  {
    id: 'seed-coach-tomas',
    email: 'tomas.rivera@ultra.example',
    displayName: 'Tomás Rivera',
    coachName: 'Coach Tomás',
    coachLevel: 2,
    timezone: 'America/Los_Angeles',
    photo: '/avatars/tomas.svg',
    bio: 'Former paramedic, now a nervous-system coach. Sleep, recovery and building routines that survive a busy week.',
  },
  {
    id: 'seed-coach-aisha',
    email: 'aisha.okafor@ultra.example',
    displayName: 'Aisha Okafor',
    coachName: 'Coach Aisha',
    coachLevel: 3,
    timezone: 'Europe/London',
    photo: '/avatars/aisha.svg',
    bio: 'Somatic coach and yoga teacher. Gentle, practical sessions on anxiety, vagal tone and self-regulation at work.',
  },
] as const;

export const clients = [
  { id: 'seed-client-01', email: 'jordan.lee@vagus.example', displayName: 'Jordan Lee', timezone: 'America/New_York', goals: 'Calm my racing heart before presentations', symptoms: 'Racing heart, shallow breathing', mood: 3, facts: ['Works as a product manager', 'Prefers morning sessions'], challenges: ['Public speaking anxiety'] },
  { id: 'seed-client-02', email: 'priya.sharma@vagus.example', displayName: 'Priya Sharma', timezone: 'Europe/London', goals: 'Sleep through the night', symptoms: 'Waking at 3am, tight chest', mood: 2, facts: ['Has two young children'], challenges: ['Irregular sleep schedule'] },
  { id: 'seed-client-03', email: 'marcus.brown@vagus.example', displayName: 'Marcus Brown', timezone: 'America/Chicago', goals: 'Recover faster after training', symptoms: 'High resting heart rate', mood: 4, facts: ['Amateur marathon runner'], challenges: ['Overtraining'] },
  { id: 'seed-client-04', email: 'sofia.garcia@vagus.example', displayName: 'Sofía García', timezone: 'Europe/Madrid', goals: 'Less tension in my shoulders and jaw', symptoms: 'Jaw clenching, headaches', mood: 3, facts: ['Graphic designer, long screen hours'], challenges: ['Forgets to take breaks'] },
  { id: 'seed-client-05', email: 'liam.oconnor@vagus.example', displayName: "Liam O'Connor", timezone: 'Europe/Dublin', goals: 'Handle stress at work without snapping', symptoms: 'Irritability, shallow breathing', mood: 2, facts: ['Manages a team of twelve'], challenges: ['Back-to-back meetings'] },
  { id: 'seed-client-06', email: 'emma.wilson@vagus.example', displayName: 'Emma Wilson', timezone: 'America/Los_Angeles', goals: 'Reduce panic episodes', symptoms: 'Dizziness, tingling hands', mood: 2, facts: ['Started therapy last year'], challenges: ['Fear of the next episode'] },
  { id: 'seed-client-07', email: 'kenji.tanaka@vagus.example', displayName: 'Kenji Tanaka', timezone: 'Asia/Tokyo', goals: 'Build a daily breathing habit', symptoms: 'Afternoon fatigue', mood: 4, facts: ['Software engineer', 'Meditates occasionally'], challenges: ['Consistency'] },
  { id: 'seed-client-08', email: 'grace.kim@vagus.example', displayName: 'Grace Kim', timezone: 'America/New_York', goals: 'Digestive comfort under stress', symptoms: 'Stomach knots before exams', mood: 3, facts: ['Graduate student'], challenges: ['Exam season'] },
  { id: 'seed-client-09', email: 'noah.martin@vagus.example', displayName: 'Noah Martin', timezone: 'America/Denver', goals: 'Feel present with my family after work', symptoms: 'Restlessness in the evening', mood: 3, facts: ['Works night shifts twice a month'], challenges: ['Switching off after work'] },
  { id: 'seed-client-10', email: 'olivia.davies@vagus.example', displayName: 'Olivia Davies', timezone: 'Europe/London', goals: 'Manage chronic pain flare-ups', symptoms: 'Lower back pain, poor sleep', mood: 2, facts: ['Physiotherapy twice a week'], challenges: ['Pain-related anxiety'] },
] as const;

/** Dialogue used for the demo transcripts; the agent's lines come from "ai". */
export const dialogue: { sender: 'client' | 'coach' | 'ai'; text: string }[] = [
  { sender: 'coach', text: 'How have the breathing exercises been going since last time?' },
  { sender: 'client', text: 'Better in the mornings, but I still forget when work gets busy.' },
  { sender: 'ai', text: 'A reminder tied to an existing habit, like your first coffee, often helps.' },
  { sender: 'coach', text: 'Let us try a longer exhale together: in for four, out for six.' },
  { sender: 'client', text: 'That feels calmer already. My shoulders dropped a little.' },
  { sender: 'coach', text: 'Notice that. That is your vagus nerve doing its job.' },
  { sender: 'client', text: 'What should I do when I feel the panic starting at my desk?' },
  { sender: 'coach', text: 'Feet on the floor, three slow exhales, and name five things you can see.' },
  { sender: 'ai', text: 'Summary so far: morning practice is working, desk routine added for stressful moments.' },
  { sender: 'client', text: 'I will try that this week and write down how it goes.' },
];
