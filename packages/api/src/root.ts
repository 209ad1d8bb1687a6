import { adminRouter } from './admin/router';
import { agentRouter } from './agent/router';
import { devRouter } from './auth/dev-router';
import { authRouter } from './auth/router';
import { coachRouter } from './coach/router';
import { coachingRouter } from './coaching/router';
import { createCallerFactory, router } from './core/trpc';
import { healthRouter } from './health/router';
import { housekeepingRouter } from './housekeeping/router';
import { messagesRouter } from './messaging/router';
import { notificationRouter } from './notification/router';
import { paymentRouter } from './payment/router';
import { postSessionRouter } from './post-session/router';
import { privacyRouter } from './privacy/router';
import { schedulingRouter } from './scheduling/router';
import { sessionRouter } from './session/router';
import { skoolRouter } from './skool/router';
import { userRouter } from './user/router';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  dev: devRouter,
  user: userRouter,
  coach: coachRouter,
  coaching: coachingRouter,
  scheduling: schedulingRouter,
  notification: notificationRouter,
  messages: messagesRouter,
  session: sessionRouter,
  payment: paymentRouter,
  privacy: privacyRouter,
  agent: agentRouter,
  postSession: postSessionRouter,
  skool: skoolRouter,
  housekeeping: housekeepingRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls with the same checks as HTTP (the worker, tests). */
export const createCaller = createCallerFactory(appRouter);
