import type { ProviderNormalizer } from '@msgstatus/canonical';
import { eightByEight } from '@msgstatus/provider-8x8';
import { alphaSms } from '@msgstatus/provider-alphasms';
import { chuanglan } from '@msgstatus/provider-chuanglan';
import { metaWhatsApp } from '@msgstatus/provider-meta-whatsapp';
import { twilio } from '@msgstatus/provider-twilio';

/** Every supported provider. Adding one is a new folder under libs/providers and one line here. */
export const providers: ReadonlyArray<ProviderNormalizer> = [eightByEight, chuanglan, alphaSms, metaWhatsApp, twilio];
