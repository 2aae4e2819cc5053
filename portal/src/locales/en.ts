import type { Messages } from './index'

/** English UI text; the type keeps its keys in step with zh-CN.ts. */
const en: Messages = {
  app: {
    name: 'Performance Appraisal Platform',
  },
  header: {
    notSignedIn: 'Not signed in',
    language: 'Language',
    toggleMenu: 'Show or hide the menu',
  },
  menu: {
    home: 'Home',
  },
  tenantLevel: {
    CITY: 'City',
    DISTRICT: 'District',
    COUNTY: 'County',
  },
  home: {
    title: 'Welcome to the Performance Appraisal Platform',
    intro:
      'The platform runs the annual and quarterly online performance appraisal of government departments, towns and subdistricts: the appraisal office sets the scheme and the indicator system, indicators are assigned to the appraised units, units report progress online with evidence, monitoring departments verify, score and inspect, the system computes scores, rankings and grades by the rules, and after results are published units can appeal.',
    features: {
      scheme: 'Schemes and indicator systems',
      progress: 'Assignments and progress reports',
      scoring: 'Verification, scoring and supervision',
      results: 'Computation, ranking, publication and appeals',
    },
    signInHint:
      'You are not signed in. Sign in with the account your organisation gave you to see your appraisal tasks, progress and results.',
    welcomeBack: 'Hello, {name}. Current organisation: {tenant}.',
    greeting: 'Hello, {name}.',
    loadFailed: 'Could not load your sign-in information: {message}',
    requestId: 'Request ID: {id}',
  },
  notFound: {
    title: 'Page not found',
    subtitle: 'The page you asked for does not exist or has been removed. Please check the address.',
    backHome: 'Back to home',
  },
  locale: {
    'zh-CN': '简体中文',
    en: 'English',
  },
}

export default en
