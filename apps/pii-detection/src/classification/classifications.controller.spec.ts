import 'reflect-metadata';
import { REQUIRED_PERMISSION_KEY } from '@atlas/auth';
import { ClassificationsQuery } from '@atlas/platform';
import { ClassificationService } from './classification.service';
import { ClassificationsController } from './classifications.controller';

describe('ClassificationsController', () => {
  it('needs pii:admin to confirm or override a column, and only an API key to read', () => {
    expect(Reflect.getMetadata(REQUIRED_PERMISSION_KEY, ClassificationsController.prototype.put)).toBe('pii:admin');
    expect(Reflect.getMetadata(REQUIRED_PERMISSION_KEY, ClassificationsController.prototype.list)).toBeUndefined();
  });

  it('hands the request to the service as it came', async () => {
    const decide = jest.fn().mockResolvedValue({ field: 'tier' });
    const list = jest.fn().mockResolvedValue({ items: [], nextCursor: null });
    const controller = new ClassificationsController({ decide, list } as unknown as ClassificationService);
    await expect(controller.put('crm', 'contact.email', { class: 'free_text' })).resolves.toEqual({ field: 'tier' });
    expect(decide).toHaveBeenCalledWith('crm', 'contact.email', { class: 'free_text' });
    const query = Object.assign(new ClassificationsQuery(), { sourceId: 'crm' });
    await expect(controller.list(query)).resolves.toEqual({ items: [], nextCursor: null });
    expect(list).toHaveBeenCalledWith(query);
  });
});
