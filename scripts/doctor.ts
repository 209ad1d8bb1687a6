// `npm run doctor`: says plainly what would stop HybridCoach from starting on this machine.
// `--before start|dev` is the first step of `npm start` and `npm run dev`: quiet when all is well.
import { type DoctorMode, diagnose, formatFindings } from './lib/doctor';

const before = process.argv.indexOf('--before');
const mode: DoctorMode = before === -1 ? 'doctor' : process.argv[before + 1] === 'dev' ? 'dev' : 'start';

try {
  const findings = await diagnose(mode);
  const report = formatFindings(findings, mode === 'doctor');
  if (mode === 'doctor') console.log(`HybridCoach doctor\n${report}`);
  else if (report) console.error(report);
  process.exitCode = findings.some((f) => f.severity === 'problem') ? 1 : 0;
} catch (err) {
  // Not a finding but a bug of the doctor's own: the details are for the report.
  console.error('The doctor could not finish:', err);
  process.exitCode = 1;
}
