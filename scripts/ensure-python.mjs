// Makes sure /usr/bin/python3 has the references the bench compares with (pandas, SciPy,
// scikit-learn; docs/TESTING.md). As root with apt-get it installs Debian's packages; otherwise it
// says what to install and the bench prints "not installed" in those rows instead of a ratio.
import { spawnSync } from 'node:child_process';

const PYTHON = '/usr/bin/python3';
const PACKAGES = ['python3-pandas', 'python3-scipy', 'python3-sklearn'];

const hasModules = () => spawnSync(PYTHON, ['-c', 'import pandas, scipy, sklearn'], { stdio: 'ignore' }).status === 0;
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

if (hasModules()) {
  console.log('ensure-python: pandas, SciPy and scikit-learn found');
  process.exit(0);
}
if (process.getuid?.() !== 0 || !hasAptGet()) {
  console.warn(`ensure-python: ${PYTHON} lacks pandas, SciPy or scikit-learn; the bench runs without those references. Install: sudo apt-get install -y ${PACKAGES.join(' ')}`);
  process.exit(0);
}
console.log(`ensure-python: installing ${PACKAGES.join(' ')} with apt-get (running as root)`);
const install = spawnSync('sh', ['-c', `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${PACKAGES.join(' ')}`], { stdio: 'inherit' });
if (install.status !== 0 || !hasModules()) console.warn('ensure-python: the install did not give all three; the bench runs without the missing references.');
