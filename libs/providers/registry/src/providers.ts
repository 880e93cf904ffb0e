import type { ProviderNormalizer } from '@msgstatus/canonical';
import { eightByEight } from '@msgstatus/provider-8x8';
import { alphaSms } from '@msgstatus/provider-alphasms';
import { chuanglan } from '@msgstatus/provider-chuanglan';
import { infobip } from '@msgstatus/provider-infobip';
import { metaWhatsApp } from '@msgstatus/provider-meta-whatsapp';
import { plivo } from '@msgstatus/provider-plivo';
import { sinch } from '@msgstatus/provider-sinch';
import { telnyx } from '@msgstatus/provider-telnyx';
import { twilio } from '@msgstatus/provider-twilio';
import { vonage } from '@msgstatus/provider-vonage';

/** Every supported provider. Adding one is a new folder under libs/providers and one line here. */
export const providers: ReadonlyArray<ProviderNormalizer> = [eightByEight, chuanglan, alphaSms, metaWhatsApp, twilio, vonage, infobip, sinch, telnyx, plivo];
